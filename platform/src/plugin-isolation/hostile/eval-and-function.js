// Hostile plugin: eval and the Function constructor: allowed inside the isolate, and harmless.
module.exports = {
  run() {
    const viaEval = eval('20 + 1');
    const global = new Function('return this')();
    return {
      viaEval,
      viaFunction: new Function('return 21')(),
      process: typeof global.process,
      require: typeof global.require,
    };
  },
};
