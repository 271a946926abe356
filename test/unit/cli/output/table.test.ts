import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../../cli/output/table.js';

describe('renderTable', () => {
  it('pads columns to their widest cell, two spaces apart, with "-" for unknown values', () => {
    expect(
      renderTable(
        ['GROUP', 'LAG', 'CONSUMER-ID'],
        [
          ['shop', 12, 'c-1'],
          ['shop', null, undefined],
          ['a-long-group', 0, ''],
        ],
      ),
    ).toBe(
      'GROUP         LAG  CONSUMER-ID\n' +
        'shop          12   c-1\n' +
        'shop          -    -\n' +
        'a-long-group  0    -\n',
    );
  });

  it('prints only the header for no rows', () => {
    expect(renderTable(['A', 'B'], [])).toBe('A  B\n');
  });
});
