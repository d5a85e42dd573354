// Hostile plugin: A result holding a Symbol.
module.exports = {
  run() {
    return { tag: Symbol('secret') };
  },
};
