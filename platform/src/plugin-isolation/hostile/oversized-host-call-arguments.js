// Hostile plugin: A 100 KiB argument to a host callback (limit 64 KiB).
module.exports = {
  async run(args, ctx) {
    return ctx.call('echo', { blob: 'x'.repeat(100 * 1024) });
  },
};
