// Hostile plugin: Probing for Node's ambient capabilities (abort, fetch, timers, Buffer...).
module.exports = {
  run() {
    const names = [
      'process',
      'require',
      'module',
      'Buffer',
      'fetch',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'Worker',
      'XMLHttpRequest',
      'WebSocket',
    ];
    const found = names.filter((name) => typeof globalThis[name] !== 'undefined');
    return { found };
  },
};
