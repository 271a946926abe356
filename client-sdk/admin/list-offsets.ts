// ListOffsets for some partitions of one topic, one request per leader; shared by the admin
// client and the consumer's offset resets.
import type { ListOffsetsPartitionResponse } from '../../protocol/messages.js';
import type { Cluster } from '../network/cluster.js';

export async function listOffsets(
  cluster: Cluster,
  topic: string,
  partitions: number[],
  timestamp: number,
  /** 1 = read_committed: "latest" is the last stable offset. */
  isolationLevel = 0,
): Promise<Map<number, ListOffsetsPartitionResponse>> {
  const byLeader = new Map<number, number[]>();
  for (const partition of partitions) {
    const leader = cluster.leaderFor(topic, partition);
    const list = byLeader.get(leader);
    if (list) list.push(partition);
    else byLeader.set(leader, [partition]);
  }
  const answers = new Map<number, ListOffsetsPartitionResponse>();
  await Promise.all(
    [...byLeader].map(async ([leader, list]) => {
      const response = await cluster.retrier(async () => {
        const connection = leader >= 0 ? await cluster.connectionForNode(leader) : await cluster.anyConnection();
        return connection.request('ListOffsets', {
          isolationLevel,
          topics: [{ name: topic, partitions: list.map((partition) => ({ partition, timestamp })) }],
        });
      });
      for (const t of response.topics) for (const p of t.partitions) if (t.name === topic) answers.set(p.partition, p);
    }),
  );
  return answers;
}
