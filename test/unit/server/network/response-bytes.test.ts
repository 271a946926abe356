import { describe, expect, it } from 'vitest';
import { ResponseBytes } from '../../../../server/network/response-bytes.js';

describe('ResponseBytes', () => {
  it('counts bytes held by requests and queued to the socket against one limit', () => {
    const bytes = new ResponseBytes(1000);
    const first = bytes.forRequest();
    const second = bytes.forRequest();
    expect(first.available()).toBe(1000);
    first.hold(600);
    expect(second.available()).toBe(400);
    // A request's own holding does not count against what it may hold.
    expect(first.available()).toBe(1000);
    second.hold(500);
    expect(bytes.total).toBe(1100);
    expect(bytes.full).toBe(true);
    expect(first.available()).toBe(500);

    first.release();
    bytes.queue(610); // the built response: its bytes plus the frame around them
    expect(bytes.total).toBe(1110);
    expect(bytes.peak).toBe(1110);
    bytes.flushed(610);
    second.release();
    expect(bytes.total).toBe(0);
    expect(bytes.full).toBe(false);
    expect(bytes.peak).toBe(1110);
  });

  it('replaces a request’s holding rather than adding to it, and releases it once', () => {
    const bytes = new ResponseBytes(1000);
    const request = bytes.forRequest();
    request.hold(300);
    request.hold(200); // a Fetch that read again after waiting
    expect(bytes.total).toBe(200);
    request.release();
    request.release();
    expect(bytes.total).toBe(0);
    expect(request.available()).toBe(1000);
  });
});
