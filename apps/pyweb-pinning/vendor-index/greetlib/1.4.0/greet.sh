# greetlib 1.4.0 (a stand-in package of the lab's local index): greet NAME prints a greeting.
GREETLIB_VERSION=1.4.0
greet() { echo "hello, $1"; }
