// `--topic orders` or `--topic orders:0,2` (kafka-consumer-groups' syntax): a topic, optionally
// restricted to some partitions. Topic names cannot contain ':', so it is a safe separator.
export interface TopicSelection {
  topic: string;
  /** undefined: every partition. */
  partitions?: number[];
}

export function parseTopicSelection(text: string): TopicSelection {
  const at = text.indexOf(':');
  if (at < 0) return { topic: text };
  const topic = text.slice(0, at);
  const list = text
    .slice(at + 1)
    .split(',')
    .map((p) => p.trim());
  if (topic === '' || list.some((p) => !/^\d+$/.test(p)))
    throw new Error(`invalid topic "${text}": expected TOPIC or TOPIC:PARTITION[,PARTITION...]`);
  return { topic, partitions: [...new Set(list.map(Number))].sort((a, b) => a - b) };
}
