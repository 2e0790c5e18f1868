#include <stdio.h>
int main(void) { puts("portref"); return 0; }
