// Hostile plugin: Atomics.wait on a SharedArrayBuffer nobody will notify.
module.exports = {
  run() {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    return Atomics.wait(cell, 0, 0);
  },
};
