#!/usr/bin/env python3
# Builds an empty Maven project from the README's blocks, pasted verbatim.
import re, sys, os
readme = open(sys.argv[1]).read()
root = sys.argv[2]
xml = re.findall(r'(?ms)^```xml\n(.*?)^```$', readme)
java = re.findall(r'(?ms)^```java\n(.*?)^```$', readme)
props = next(b for b in xml if b.startswith('<properties>') and 'maven.compiler' in b)
bom = next(b for b in xml if 'switchboard-bom' in b and 'dependencyManagement' in b)
deps = next(b for b in xml if 'switchboard-all' in b and '<dependencies>' in b)
quick = next(j for j in java if 'class Quickstart' in j)
os.makedirs(root + '/src/main/java', exist_ok=True)
pom = f'''<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>newcomer</artifactId>
  <version>1.0</version>
{props}{bom}{deps}</project>
'''
open(root + '/pom.xml', 'w').write(pom)
open(root + '/src/main/java/Quickstart.java', 'w').write(quick)
