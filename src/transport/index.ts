export { sendJson, startHttpServer, type HttpServerOptions, type RouteHandler } from './http-server.ts';
