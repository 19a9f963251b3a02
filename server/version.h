/* version.h — the product's version, shown by --version and /v1/info. */
#ifndef SP_VERSION_H
#define SP_VERSION_H
#define SANDPIPER_VERSION "0.1.0"
#define SANDPIPER_PYTHON_VERSION "3.11"
#endif
