// A hand-drawn SVG line chart of lag over time (no library): samples in, markup out.
'use strict';

/** Renders [{ t, v }] samples (t in ms) as an SVG string of the given size. */
window.lagChart = function lagChart(samples, width, height) {
  const pad = { left: 44, right: 10, top: 10, bottom: 22 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const max = Math.max(1, ...samples.map((s) => s.v));
  const t0 = samples.length ? samples[0].t : 0;
  const t1 = samples.length ? samples[samples.length - 1].t : 1;
  const span = Math.max(1, t1 - t0);
  const x = (t) => pad.left + ((t - t0) / span) * w;
  const y = (v) => pad.top + h - (v / max) * h;
  const points = samples.map((s) => `${x(s.t).toFixed(1)},${y(s.v).toFixed(1)}`);
  const ticks = [0, max / 2, max].map((v) => Math.round(v));
  let svg = `<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="lag over time">`;
  for (const v of ticks) {
    svg += `<line class="axis" x1="${pad.left}" x2="${pad.left + w}" y1="${y(v)}" y2="${y(v)}"/>`;
    svg += `<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`;
  }
  svg += `<text x="${pad.left}" y="${height - 4}">${samples.length ? Math.round(span / 1000) + ' s ago' : ''}</text>`;
  svg += `<text x="${pad.left + w}" y="${height - 4}" text-anchor="end">now</text>`;
  if (points.length > 1) {
    svg += `<polygon class="area" points="${pad.left},${y(0)} ${points.join(' ')} ${x(t1)},${y(0)}"/>`;
    svg += `<polyline class="line" points="${points.join(' ')}"/>`;
  }
  return svg + '</svg>';
};
