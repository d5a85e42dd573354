// Hostile plugin: Throwing a Proxy whose every trap throws.
module.exports = {
  run() {
    const trap = () => {
      throw new Error('trap');
    };
    throw new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap });
  },
};
