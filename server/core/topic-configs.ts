// Topic configs with Kafka's names: which are applied, which are accepted and stored without
// effect (they tune segment files and replication, which a single-node SQLite log does not
// have), and which values are refused with INVALID_CONFIG because minibroker cannot honour them.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';

/** The broker-wide defaults a topic falls back to. */
export interface TopicConfigDefaults {
  retentionMs: number;
  retentionBytes: number;
  maxBatchBytes: number;
}

type Check = (value: string) => string | undefined;

interface ConfigSpec {
  /** The value a topic without the config gets. */
  fallback: (defaults: TopicConfigDefaults) => string;
  /** Where that value comes from (Kafka's ConfigSource): 4 the broker's settings, 5 Kafka's default. */
  fallbackSource: 4 | 5;
  check: Check;
}

const LONG_MAX = '9223372036854775807';

const integer =
  (min: number): Check =>
  (value) => {
    if (!/^-?\d+$/.test(value)) return 'must be an integer';
    const n = Number(value);
    if (value !== LONG_MAX && (!Number.isSafeInteger(n) || n < min)) return `must be an integer of at least ${min}`;
    return undefined;
  };
const boolean: Check = (value) => (value === 'true' || value === 'false' ? undefined : 'must be true or false');
const ratio: Check = (value) => {
  const n = Number(value);
  return value.trim() !== '' && n >= 0 && n <= 1 ? undefined : 'must be a number from 0 to 1';
};
const only =
  (accepted: string, why: string): Check =>
  (value) =>
    value === accepted ? undefined : why;

const fixed = (value: string): Pick<ConfigSpec, 'fallback' | 'fallbackSource'> => ({
  fallback: () => value,
  fallbackSource: 5,
});

const SPECS: Record<string, ConfigSpec> = {
  // Applied.
  'retention.ms': { fallback: (d) => String(d.retentionMs), fallbackSource: 4, check: integer(-1) },
  'retention.bytes': { fallback: (d) => String(d.retentionBytes), fallbackSource: 4, check: integer(-1) },
  'max.message.bytes': { fallback: (d) => String(d.maxBatchBytes), fallbackSource: 4, check: integer(61) },
  'cleanup.policy': {
    ...fixed('delete'),
    check: (value) =>
      value === 'delete'
        ? undefined
        : value.split(',').some((p) => p.trim() === 'compact')
          ? 'log compaction is not supported by minibroker yet: use cleanup.policy=delete'
          : 'must be delete',
  },
  'compression.type': {
    ...fixed('producer'),
    check: only('producer', 'must be producer: minibroker stores batches as the producer compressed them'),
  },
  'message.timestamp.type': {
    ...fixed('CreateTime'),
    check: only('CreateTime', 'must be CreateTime: records keep the timestamp their producer gave'),
  },
  // Accepted, stored and described; no effect on a single-node SQLite log.
  'segment.bytes': { ...fixed('1073741824'), check: integer(14) },
  'segment.ms': { ...fixed('604800000'), check: integer(1) },
  'segment.jitter.ms': { ...fixed('0'), check: integer(0) },
  'segment.index.bytes': { ...fixed('10485760'), check: integer(4) },
  'index.interval.bytes': { ...fixed('4096'), check: integer(0) },
  'flush.messages': { ...fixed(LONG_MAX), check: integer(1) },
  'flush.ms': { ...fixed(LONG_MAX), check: integer(0) },
  'file.delete.delay.ms': { ...fixed('60000'), check: integer(0) },
  preallocate: { ...fixed('false'), check: boolean },
  'min.insync.replicas': { ...fixed('1'), check: integer(1) },
  'unclean.leader.election.enable': { ...fixed('false'), check: boolean },
  'message.downconversion.enable': { ...fixed('true'), check: boolean },
  'min.cleanable.dirty.ratio': { ...fixed('0.5'), check: ratio },
  'delete.retention.ms': { ...fixed('86400000'), check: integer(0) },
  'min.compaction.lag.ms': { ...fixed('0'), check: integer(0) },
  'max.compaction.lag.ms': { ...fixed(LONG_MAX), check: integer(1) },
};

export const TOPIC_CONFIG_NAMES = Object.keys(SPECS).sort();

/** Config names come from the network: own keys only (never `constructor`, `__proto__`). */
function specOf(name: string): ConfigSpec | undefined {
  return Object.hasOwn(SPECS, name) ? SPECS[name] : undefined;
}

/** Throws INVALID_CONFIG for an unknown name or a value minibroker cannot honour. */
export function validateTopicConfigs(configs: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(configs)) {
    const spec = specOf(name);
    if (!spec) throw new ProtocolError(ErrorCode.INVALID_CONFIG, `unknown topic config "${name}"`);
    const problem = typeof value === 'string' ? spec.check(value) : 'must be a string';
    if (problem) throw new ProtocolError(ErrorCode.INVALID_CONFIG, `${name}=${String(value)}: ${problem}`);
  }
}

export interface DescribedConfig {
  name: string;
  value: string;
  isDefault: boolean;
  /** Kafka's ConfigSource: 1 set on the topic, 4 the broker's setting, 5 Kafka's default. */
  source: 1 | 4 | 5;
}

/** Every known config of a topic (or those named), with its effective value and where it comes from. */
export function describeTopicConfigs(
  configs: Readonly<Record<string, string>>,
  defaults: TopicConfigDefaults,
  names?: readonly string[],
): DescribedConfig[] {
  const wanted = names && names.length > 0 ? names.filter((n) => specOf(n) !== undefined) : TOPIC_CONFIG_NAMES;
  return wanted.map((name) => {
    const set = configs[name];
    if (set !== undefined) return { name, value: set, isDefault: false, source: 1 };
    const spec = SPECS[name]!;
    return { name, value: spec.fallback(defaults), isDefault: true, source: spec.fallbackSource };
  });
}

/** A config of the topic as a number, when it sets one (retention.ms, retention.bytes, max.message.bytes). */
export function numericTopicConfig(configs: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = configs[name];
  return raw === undefined ? undefined : Number(raw);
}
