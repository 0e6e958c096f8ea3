#!/bin/bash
echo bootstrapping > /var/log/bootstrap.log
