// Defined by Medusa's admin build (admin-bundler `define`): the dashboard's configured backend URL.
declare const __BACKEND_URL__: string | undefined
