export default `tcpsleuth sockets: (help not written yet)
`;
