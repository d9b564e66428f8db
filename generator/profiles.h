/* Service profiles (the JSON files in specs/profiles/): what vendor pages leave out —
 * API version, endpoint pattern, request style, signing, response envelope,
 * action names for pages that give none — written down once per service
 * and merged into the IR with provenance "profile".
 *
 * Ownership: a profile_set owns everything it loaded; profile_set_free
 * releases it. */
#ifndef DOCBIND_PROFILES_H
#define DOCBIND_PROFILES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "diag.h"
#include "doc_text.h"
#include "ir.h"

typedef struct service_profile {
    const char *path; /* the file it came from */
    cJSON *json;      /* the whole profile */
} service_profile;

typedef struct profile_set {
    service_profile *items;
    size_t n;
} profile_set;

#define PROFILE_SET_INIT {NULL, 0}

/* Loads every *.json file of dir, in name order. Returns 0, or -1 with an
 * error naming the file and what is wrong. */
int profile_set_load(profile_set *set, const char *dir, diag_list *d);
void profile_set_free(profile_set *set);

/* The first profile whose "match" fits the document: one of its
 * "match.text" strings occurs in it, or one of "match.path_prefix" starts
 * the documented request path. NULL when none does. */
const service_profile *profile_match(const profile_set *set, const doc_text *doc, const char *path);

/* The service the profile describes, created in ir if absent, with the
 * profile's facts applied (provenance "profile"). */
ir_service *profile_service(const service_profile *p, ir_doc *ir);

/* The action name the profile gives for "METHOD /path", or NULL. */
const char *profile_action_name(const service_profile *p, const char *method, const char *path);

#endif
