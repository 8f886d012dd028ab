/** Kafka admin steps every command shares: creating topics and waiting for leaders, reading a group's progress. */
package org.methylstream.admin;
