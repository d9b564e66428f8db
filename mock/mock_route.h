/* Routing a request to a service and action (rule: dbm_route.c and
 * docs/mock.md). */
#ifndef DOCBIND_MOCK_ROUTE_H
#define DOCBIND_MOCK_ROUTE_H

#include "mock_internal.h"

typedef struct dbm_route {
    const dbm_service *service; /* NULL: no service fits */
    const dbm_action *action;   /* NULL: the service has no such action / path */
    dbm_envelope env;           /* the envelope to answer in */
    const char *action_name;     /* the action the request names (RPC), or NULL */
} dbm_route;

/* Uses the headers, path, query and (when already parsed) form body. */
void dbm_route_request(const dbm_model *m, const dbm_request *r, dbm_route *out);

#endif
