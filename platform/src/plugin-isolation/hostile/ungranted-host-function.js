// Hostile plugin: Calling a host function its permissions do not grant.
module.exports = {
  async run(args, ctx) {
    return ctx.call('rawSql', { sql: 'select * from customer' });
  },
};
