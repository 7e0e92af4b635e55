-- One database per service: no service reads another's tables.
CREATE DATABASE groups;
CREATE DATABASE enquiry;
CREATE DATABASE knowledge;
