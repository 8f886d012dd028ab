/** Kafka admin steps every command shares: creating topics and waiting for leaders, progress, a topic's contents. */
package org.methylstream.admin;
