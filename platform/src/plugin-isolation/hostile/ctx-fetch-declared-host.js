// Hostile plugin: ctx.fetch to the declared host: allowed, performed by the host.
module.exports = {
  async run(args, ctx) {
    const response = await ctx.fetch(args.url + '/rates');
    return { status: response.status, rates: JSON.parse(response.body) };
  },
};
