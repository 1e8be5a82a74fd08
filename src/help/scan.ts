export default `tcpsleuth scan: (help not written yet)
`;
