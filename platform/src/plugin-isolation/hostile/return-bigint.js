// Hostile plugin: A result holding a BigInt.
module.exports = {
  run() {
    return { amount: 10n };
  },
};
