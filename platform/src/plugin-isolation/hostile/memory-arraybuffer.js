// Hostile plugin: 1 MiB ArrayBuffers allocated without bound (memory outside the JS heap).
module.exports = {
  run() {
    const kept = [];
    for (;;) kept.push(new ArrayBuffer(1024 * 1024));
  },
};
