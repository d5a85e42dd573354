// Hostile plugin: A result with a function nested in an object.
module.exports = {
  run() {
    return { ok: true, callback: () => 1 };
  },
};
