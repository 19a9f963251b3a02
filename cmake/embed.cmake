# Turn a text file into a C array: the OpenAPI document served at /v1/openapi.yaml
# and the Python parts of standard modules (interpreter/lib/*.py), so the binary
# needs no file at run time.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," arr "${hex}")
file(WRITE ${OUT} "#include <stddef.h>\nconst char ${NAME}[] = {${arr}0};\nconst size_t ${NAME}_len = sizeof(${NAME}) - 1;\n")
