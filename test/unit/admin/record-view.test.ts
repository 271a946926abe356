import { describe, expect, it } from 'vitest';
import { viewBytes } from '../../../server/admin/record-view.js';

describe('viewBytes', () => {
  it('shows printable UTF-8 as text, tabs and newlines included', () => {
    expect(viewBytes(Buffer.from('héllo\n\tworld'))).toEqual({ encoding: 'utf8', data: 'héllo\n\tworld' });
  });
  it('shows invalid UTF-8 as base64', () => {
    expect(viewBytes(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({ encoding: 'base64', data: '//4A' });
  });
  it('shows valid UTF-8 with control characters as base64', () => {
    expect(viewBytes(Buffer.from('a\u0000b'))).toEqual({
      encoding: 'base64',
      data: Buffer.from('a\u0000b').toString('base64'),
    });
  });
  it('keeps null as null and empty as empty text', () => {
    expect(viewBytes(null)).toBeNull();
    expect(viewBytes(new Uint8Array())).toEqual({ encoding: 'utf8', data: '' });
  });
});
