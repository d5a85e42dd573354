// Hostile plugin: Returning a thenable whose then() throws.
module.exports = {
  run() {
    return {
      then() {
        throw new TypeError('gotcha');
      },
    };
  },
};
