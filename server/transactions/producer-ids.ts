// Hands out producer ids from a counter kept in storage, so an id is never given twice, even
// across restarts: a reused id would inherit another producer's sequences.
export interface ProducerIds {
  next(): number;
}

export function producerIdAllocator(store: { nextProducerId(): number }): ProducerIds {
  return { next: () => store.nextProducerId() };
}
