// One port, two protocols: a connection's first frame decides whether it speaks Kafka's protocol
// or the native one (see isKafkaFrame), and every later frame of it goes the same way.
import { isKafkaFrame } from '../../protocol/kafka/header.js';
import type { Dispatcher, PeerInfo } from './request-dispatcher.js';

export function createProtocolSwitch(native: Dispatcher, kafka: Dispatcher): Dispatcher {
  const speaksKafka = new WeakMap<PeerInfo, boolean>();
  return (frame, peer, budget) => {
    let kafkaPeer = speaksKafka.get(peer);
    if (kafkaPeer === undefined) {
      kafkaPeer = isKafkaFrame(frame);
      speaksKafka.set(peer, kafkaPeer);
    }
    return kafkaPeer ? kafka(frame, peer, budget) : native(frame, peer, budget);
  };
}
