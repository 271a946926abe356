// The raw Kafka-protocol client the chaos runs use, for tests.
export { KafkaRawClient, kafkaRequestFrame, withSize } from '../../scripts/chaos/lib/kafka-raw-connection.js';
