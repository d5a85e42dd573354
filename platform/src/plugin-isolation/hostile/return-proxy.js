// Hostile plugin: A result that is a Proxy whose ownKeys trap throws.
module.exports = {
  run() {
    return new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
  },
};
