// Errors of the offset rules; the admin API and the CLI turn them into their own error shapes.

/** A duration, date-time or number that does not fit its grammar. */
export class InvalidOffsetInput extends Error {
  override readonly name = 'InvalidOffsetInput';
}

/** --shift-by on a partition the group never committed: kafka-consumer-groups refuses it too. */
export class NoCommittedOffset extends Error {
  override readonly name = 'NoCommittedOffset';

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    super(`cannot shift ${topic}/${partition}: the group has no committed offset for it`);
  }
}
