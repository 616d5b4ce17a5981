import { cartResolvers } from './cart.js';
import { dashboardResolvers } from './dashboard.js';
import { mutationResolvers } from './mutation.js';
import { orderResolvers } from './order.js';
import { queryResolvers } from './query.js';
import { userResolvers } from './user.js';

export const resolvers = {
  Query: queryResolvers,
  Mutation: mutationResolvers,
  User: userResolvers,
  Order: orderResolvers,
  Cart: cartResolvers,
  Dashboard: dashboardResolvers,
};
