// Hostile plugin: A result that is a Proxy whose get trap never returns.
module.exports = {
  run() {
    return new Proxy(
      { a: 1 },
      {
        get() {
          for (;;) {
            /* spin */
          }
        },
      },
    );
  },
};
