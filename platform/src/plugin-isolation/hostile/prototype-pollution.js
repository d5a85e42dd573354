// Hostile plugin: Polluting Object.prototype, Array.prototype and JSON in its realm, and returning a __proto__ key.
module.exports = {
  run() {
    Object.prototype.polluted = 'yes';
    Array.prototype.push = () => 0;
    JSON.parse = () => ({ hijacked: true });
    JSON.stringify = () => '"hijacked"';
    return (
      JSON.parse('{}') && { __proto__: { polluted: 'yes' }, constructor: { prototype: { polluted: 'yes' } } }
    );
  },
};
