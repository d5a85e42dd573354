// Hostile plugin: An async loop that yields only to microtasks, never returning.
module.exports = {
  async run() {
    for (;;) await null;
  },
};
