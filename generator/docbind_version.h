#ifndef DOCBIND_VERSION_H
#define DOCBIND_VERSION_H
/* The docbind release this generator belongs to. */
const char *docbind_version(void);
#endif
