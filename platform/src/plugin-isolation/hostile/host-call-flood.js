// Hostile plugin: More host callbacks in one call than allowed.
module.exports = {
  async run(args, ctx) {
    for (let i = 0; i < 1000; i++) await ctx.call('echo', { i });
    return 'done';
  },
};
