// Hostile plugin: A result whose JSON carries an own __proto__ key.
module.exports = {
  run() {
    const value = {};
    Object.defineProperty(value, '__proto__', { value: { polluted: 'yes' }, enumerable: true });
    return value;
  },
};
