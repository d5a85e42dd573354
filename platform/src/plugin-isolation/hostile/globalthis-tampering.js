// Hostile plugin: Replacing Promise, Object.freeze, Error and JSON on globalThis, then returning normally.
module.exports = {
  run() {
    globalThis.Promise = function FakePromise() {};
    Object.freeze = (value) => value;
    globalThis.Error = function FakeError() {};
    globalThis.JSON = { parse: () => 1, stringify: () => '1' };
    return { tampered: true };
  },
  again(args) {
    return { echoed: args.value };
  },
};
