// Hostile plugin: WebAssembly memory grown and touched page by page (not counted by the isolate's heap limit).
module.exports = {
  run() {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    for (;;) {
      memory.grow(160);
      new Uint8Array(memory.buffer).fill(1);
    }
  },
};
