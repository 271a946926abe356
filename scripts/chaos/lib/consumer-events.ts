// The shapes of the consumer events the scenarios listen to (the SDK types payloads as unknown).

export interface CommitOffsetsPayload {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

export interface CrashPayload {
  error: Error;
  restart: boolean;
}
