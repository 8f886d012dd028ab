/** Publishing site records to Kafka: topic set-up, keying and an idempotent producer. */
package org.methylstream.producer;
