#ifndef DOCBIND_RUNTIME_H
#define DOCBIND_RUNTIME_H
/* ABI level of the runtime; generated code checks it at build time. */
int docbind_runtime_abi(void);
#endif
