// The registry's settings: the compatibility level and the mode of each subject, and the global
// ones (a subject of undefined) that subjects without their own fall back to.
import { GLOBAL_SETTINGS, type SchemaStore } from '../storage/schema-store.js';
import { DEFAULT_COMPATIBILITY, parseCompatibilityLevel, type CompatibilityLevel } from './compatibility.js';
import { compatibilityNotConfigured, invalidMode, modeNotConfigured, operationNotPermitted } from './registry-error.js';

export const MODES = ['READWRITE', 'READONLY', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

export class RegistrySettings {
  constructor(private readonly store: SchemaStore) {}

  compatibility(subject: string | undefined, defaultToGlobal = false): CompatibilityLevel {
    if (subject === undefined) return this.globalCompatibility();
    const level = this.store.settings(subject).compatibility;
    if (level) return level as CompatibilityLevel;
    if (defaultToGlobal) return this.globalCompatibility();
    throw compatibilityNotConfigured(subject);
  }

  setCompatibility(subject: string | undefined, level: unknown): CompatibilityLevel {
    const parsed = parseCompatibilityLevel(level);
    this.store.setCompatibility(subject ?? GLOBAL_SETTINGS, parsed);
    return parsed;
  }

  /** Removes the setting; returns the level that was in force. */
  deleteCompatibility(subject: string | undefined): CompatibilityLevel {
    const previous = this.compatibility(subject);
    this.store.setCompatibility(subject ?? GLOBAL_SETTINGS, undefined);
    return previous;
  }

  mode(subject: string | undefined, defaultToGlobal = false): Mode {
    if (subject === undefined) return this.globalMode();
    const mode = this.store.settings(subject).mode;
    if (mode) return mode as Mode;
    if (defaultToGlobal) return this.globalMode();
    throw modeNotConfigured(subject);
  }

  /** IMPORT needs the subject (or, globally, the registry) empty unless forced. */
  setMode(subject: string | undefined, mode: unknown, force = false): Mode {
    const parsed = MODES.find((candidate) => candidate === (typeof mode === 'string' ? mode.toUpperCase() : mode));
    if (!parsed) throw invalidMode(mode);
    if (parsed === 'IMPORT' && !force && this.store.versions(subject).length > 0)
      throw operationNotPermitted('Cannot import since found existing subjects (set force=true to import anyway)');
    this.store.setMode(subject ?? GLOBAL_SETTINGS, parsed);
    return parsed;
  }

  deleteMode(subject: string | undefined): Mode {
    const previous = this.mode(subject);
    this.store.setMode(subject ?? GLOBAL_SETTINGS, undefined);
    return previous;
  }

  private globalCompatibility(): CompatibilityLevel {
    return (
      (this.store.settings(GLOBAL_SETTINGS).compatibility as CompatibilityLevel | undefined) ?? DEFAULT_COMPATIBILITY
    );
  }

  private globalMode(): Mode {
    return (this.store.settings(GLOBAL_SETTINGS).mode as Mode | undefined) ?? 'READWRITE';
  }
}
