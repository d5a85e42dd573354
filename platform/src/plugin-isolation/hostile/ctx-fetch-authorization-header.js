// Hostile plugin: ctx.fetch to the declared host with an Authorization header (speaking as someone else).
module.exports = {
  async run(args, ctx) {
    const response = await ctx.fetch(args.url + '/rates', { headers: { Authorization: 'Bearer stolen' } });
    return response.status;
  },
};
