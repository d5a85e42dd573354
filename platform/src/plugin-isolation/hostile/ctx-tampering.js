// Hostile plugin: Trying to replace the ctx's functions and reach the host bridge through them.
'use strict';
module.exports = {
  run(args, ctx) {
    const results = {};
    try {
      ctx.call = () => 'replaced';
    } catch (error) {
      results.assign = error.name;
    }
    results.frozen = Object.isFrozen(ctx);
    results.source = String(ctx.call).includes('hostRef') ? 'bridge visible' : 'bridge hidden';
    results.hostRef = typeof globalThis.hostRef;
    return results;
  },
};
