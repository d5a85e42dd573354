// Hostile plugin: Keeping the ctx of one call and using it in a later call.
let kept = null;
module.exports = {
  keep(args, ctx) {
    kept = ctx;
    return 'kept';
  },
  async useKept() {
    return kept.call('echo', { late: true });
  },
};
