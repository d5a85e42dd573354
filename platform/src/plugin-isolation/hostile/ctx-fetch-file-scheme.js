// Hostile plugin: ctx.fetch of a file: URL.
module.exports = {
  async run(args, ctx) {
    const response = await ctx.fetch('file:///etc/passwd');
    return response.body;
  },
};
